/** The protective marking of everything Lantern shows (Government Security Classifications). */
export function ClassificationBanner() {
  return (
    <div className="classification" role="note" aria-label="Protective marking">
      OFFICIAL-SENSITIVE
    </div>
  );
}
