/** Where the report map's ward names go: wholly inside the map, never over one another. */

export interface LabelIn {
  name: string;
  /** The ward's label point on the map, px from the map's top left */
  x: number;
  y: number;
  /** The label's size as drawn, px */
  width: number;
  height: number;
}

export interface LabelOut {
  name: string;
  /** The label's top left corner, px from the map's top left */
  left: number;
  top: number;
}

/**
 * Places each label centred on its point, shifted inwards where it would cross the
 * map's edge (the map box clips what lies outside it), at least `margin` px from every
 * edge. A label is left out when its point is off the map (that ward is barely in
 * view), when it cannot fit at all, or when it would cover a label placed before it
 * (list the most important first).
 * @example placeLabels([{ name: 'Quayside', x: 395, y: 50, width: 60, height: 12 }], { width: 400, height: 300 })
 *   // [{ name: 'Quayside', left: 338, top: 44 }]
 */
export function placeLabels(labels: readonly LabelIn[], box: { width: number; height: number }, margin = 2): LabelOut[] {
  const placed: (LabelOut & { width: number; height: number })[] = [];
  for (const l of labels) {
    if (l.x < 0 || l.y < 0 || l.x > box.width || l.y > box.height) continue;
    if (l.width + 2 * margin > box.width || l.height + 2 * margin > box.height) continue;
    const left = Math.min(Math.max(l.x - l.width / 2, margin), box.width - margin - l.width);
    const top = Math.min(Math.max(l.y - l.height / 2, margin), box.height - margin - l.height);
    const overlaps = placed.some((p) => left < p.left + p.width && p.left < left + l.width && top < p.top + p.height && p.top < top + l.height);
    if (!overlaps) placed.push({ name: l.name, left, top, width: l.width, height: l.height });
  }
  return placed.map(({ name, left, top }) => ({ name, left, top }));
}
