interface Props {
  corners: number;
  onFinish: () => void;
  onUndo: () => void;
  onCancel: () => void;
}

/** Shown over the map while a polygon is drawn. */
export function DrawToolbar({ corners, onFinish, onUndo, onCancel }: Props) {
  return (
    <div
      className="map-toolbar"
      role="group"
      aria-label="Drawing an area"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <p role="status">
        {corners < 3 ? `Select at least ${3 - corners} more corner${3 - corners === 1 ? '' : 's'} on the map.` : `${corners} corners. Finish, or double-click the last corner.`}
      </p>
      <button type="button" className="button button--small button--primary" onClick={onFinish} disabled={corners < 3}>
        Finish
      </button>
      <button type="button" className="button button--small" onClick={onUndo} disabled={corners === 0}>
        Undo corner
      </button>
      <button type="button" className="button button--small" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
