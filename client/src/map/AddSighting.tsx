import { createContext, useState, type FormEvent } from 'react';
import { GradingSelects, type Grading } from '../components/GradingSelects';
import { SIGHTING_CATEGORIES, SOURCE_AGENCIES, type LocationMethod, type SightingCategory, type SourceAgency } from '../../../server/lists';
import { AGENCY_LABELS, CATEGORY_LABELS } from '../../../server/labels';
import { asApiError, deleteJson, postJson, patchJson, type ApiError } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { PlaceSearch } from '../partner/PlaceSearch';
import type { SightingRecord } from './api';
import './AddSighting.css';
import { DateInput } from '../components/DateInput';

/** [lon, lat] in WGS84. */
export type LonLat = [number, number];

/** What the record panel may ask of the map page: drag a sighting's point, or say it was deleted. */
export interface MapEdits {
  startMove: (id: string, from: LonLat) => void;
  deleted: (id: string) => void;
  /** The sighting whose point is being moved, if any. */
  moving: string | null;
}

export const MapEditContext = createContext<MapEdits | null>(null);

export const createSighting = (body: Record<string, unknown>) => postJson<SightingRecord>('/api/sightings', body);
export const moveSighting = (id: string, at: LonLat, reason: string) =>
  patchJson<SightingRecord>(`/api/sightings/${encodeURIComponent(id)}`, { lon: at[0], lat: at[1], reason });

/** `DELETE /api/sightings/:id` with the reason in its body (kept on the row and in the audit log). */
export const deleteSighting = (id: string, reason: string) => deleteJson(`/api/sightings/${encodeURIComponent(id)}`, { reason });


/** Now as a `datetime-local` value (local wall-clock time, to the minute). */
function localNow(): string {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

interface AddProps {
  /** The point placed so far (by a click on the map, a drag or a search), or null. */
  at: LonLat | null;
  onPlace: (at: LonLat, how: { method: LocationMethod; precisionM?: number; name?: string }) => void;
  placedBy: { method: LocationMethod; precisionM?: number; name?: string } | null;
  onCreated: (id: string) => void;
  onCancel: () => void;
}

const SEARCH_METHOD: Record<string, LocationMethod> = { postcode: 'postcode', street: 'street', place: 'area', premises: 'address', address: 'address' };

/** The form for a new sighting made on the map: its point, category, time, source and 3x5x2 grading. */
export function AddSightingForm({ at, onPlace, placedBy, onCreated, onCancel }: AddProps) {
  const [category, setCategory] = useState<SightingCategory>('adult_loitering');
  const [observedAt, setObservedAt] = useState(localNow);
  const [sourceAgency, setSourceAgency] = useState<SourceAgency>('police');
  const [grading, setGrading] = useState<Grading>({ sourceEval: 2, intelAssessment: 'C', handlingCode: 'P' });
  const [narrative, setNarrative] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!at) return;
    setSaving(true);
    setError(null);
    try {
      const made = await createSighting({
        lon: at[0],
        lat: at[1],
        ...(placedBy?.precisionM ? { precisionM: Math.max(1, Math.round(placedBy.precisionM)) } : {}),
        locationMethod: placedBy?.method ?? 'map',
        category,
        // A local wall-clock time without an offset is read in the team's time zone by the server.
        observedAt: `${observedAt}:00`,
        sourceAgency,
        ...grading,
        ...(narrative.trim() ? { narrative: narrative.trim() } : {}),
      });
      onCreated(String(made.id));
    } catch (err) {
      setError(asApiError(err, 'Network error'));
    } finally {
      setSaving(false);
    }
  };

  return (
    <aside className="drawer add-sighting" aria-labelledby="add-sighting-heading" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div className="drawer__bar">
        <h2 id="add-sighting-heading">Add a sighting</h2>
        <button type="button" className="button button--small drawer__close" onClick={onCancel} aria-label="Cancel the new sighting">
          ✕
        </button>
      </div>
      <form className="drawer__body add-sighting__form" onSubmit={submit} data-testid="add-sighting">
        <p className="add-sighting__where" role="status">
          {at ? (
            <>
              Point: {at[1].toFixed(5)}, {at[0].toFixed(5)}
              {placedBy?.name ? ` (${placedBy.name})` : ''}. Drag the marker to adjust it.
            </>
          ) : (
            'Click the map where it was seen, or search for the place.'
          )}
        </p>
        <PlaceSearch label="Search a place" hint="A postcode, street, place or premises name" onPick={(p) => onPlace(p.geometry.coordinates, { method: SEARCH_METHOD[p.properties.kind] ?? 'address', precisionM: p.properties.precisionM, name: p.properties.name })} />
        <label>
          Category
          <select value={category} onChange={(e) => setCategory(e.target.value as SightingCategory)}>
            {SIGHTING_CATEGORIES.map((c) => <option key={c} value={c}>{CATEGORY_LABELS[c] ?? c}</option>)}
          </select>
        </label>
        <label>
          Seen at
          <DateInput kind="datetime" value={observedAt} max={localNow()} required onChange={setObservedAt} />
        </label>
        <label>
          Source agency
          <select value={sourceAgency} onChange={(e) => setSourceAgency(e.target.value as SourceAgency)}>
            {SOURCE_AGENCIES.map((a) => <option key={a} value={a}>{AGENCY_LABELS[a] ?? a}</option>)}
          </select>
        </label>
        <fieldset className="add-sighting__grading">
          <legend>Grading (3x5x2)</legend>
          <GradingSelects value={grading} onChange={setGrading} />
        </fieldset>
        <label>
          Narrative (optional)
          <textarea value={narrative} rows={3} maxLength={10_000} onChange={(e) => setNarrative(e.target.value)} />
        </label>
        {error && <ErrorMessage error={error} />}
        <div className="add-sighting__actions">
          <button type="submit" className="button button--primary" disabled={!at || saving}>
            {saving ? 'Saving…' : 'Save the sighting'}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </aside>
  );
}

interface MoveProps {
  id: string;
  from: LonLat;
  at: LonLat;
  onMoved: () => void;
  onCancel: () => void;
}

/** Over the map while a sighting's marker is dragged: the reason for the move, then save or cancel. */
export function MovePointBar({ id, from, at, onMoved, onCancel }: MoveProps) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const moved = at[0] !== from[0] || at[1] !== from[1];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      await moveSighting(id, at, reason.trim());
      onMoved();
    } catch (err) {
      setError(asApiError(err, 'Network error'));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form className="map-toolbar move-point" onSubmit={submit} data-testid="move-point">
      <span role="status">{moved ? `New point ${at[1].toFixed(5)}, ${at[0].toFixed(5)}` : 'Drag the marker (or click the map) to the right place.'}</span>
      <label>
        Reason for the move
        <input value={reason} required minLength={3} maxLength={500} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" className="button button--small button--primary" disabled={!moved || reason.trim().length < 3 || saving}>
        Save the move
      </button>
      <button type="button" className="button button--small" onClick={onCancel}>
        Cancel
      </button>
      {error && <ErrorMessage error={error} />}
    </form>
  );
}
