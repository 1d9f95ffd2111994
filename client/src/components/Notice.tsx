/** What the last action did, announced politely; the live region stays in the page while empty. */
export function Notice({ text }: { text: string }) {
  return (
    <p role="status" className={text ? 'message message--info' : 'visually-hidden'}>
      {text}
    </p>
  );
}
