import { type Role } from '../../../server/lists';
import { ROLE_LABELS } from '../../../server/labels';
import { hrefOf, PAGES, pagesFor, type Page } from '../route';
import { useFocusOnMount } from './useFocusOnMount';

interface Props {
  role: Role;
  /** The page asked for at this URL. */
  page: Page;
  goTo: (page: Page) => void;
}

/**
 * Shown at the URL of a page the role may not use (a colleague's link, a bookmark from
 * another role): says so, instead of quietly showing something else.
 */
export function NotPermitted({ role, page, goTo }: Props) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const offered = pagesFor(role);
  return (
    <section className="panel card--narrow" aria-labelledby="not-permitted-heading">
      <h1 id="not-permitted-heading" tabIndex={-1} ref={heading}>
        Not permitted
      </h1>
      <p className="panel__lede">
        The {ROLE_LABELS[role].toLowerCase()} role may not use {PAGES[page].label}. If you need it for your work, ask an administrator about your role.
      </p>
      <p>Pages you can use:</p>
      <ul>
        {offered.map((p) => (
          <li key={p}>
            <a
              href={hrefOf(p)}
              onClick={(e) => {
                e.preventDefault();
                goTo(p);
              }}
            >
              {PAGES[p].label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
