import { useEffect, useRef } from 'react';

/**
 * A ref that takes focus once, when its element first appears, so keyboard and
 * screen-reader users land on the new view (give headings `tabIndex={-1}`).
 */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
