import { useEffect, useState, type FormEvent } from 'react';
import { getJson } from '../api';
import { Field, isFormLevel } from '../components/Field';
import { PickList } from '../components/PickList';
import { AREA_KIND_LABELS } from '../../../server/labels';
import type { AreaCollection } from '../map/api';
import { useRemote } from '../useRemote';
import { useSubmit } from '../useSubmit';
import { createTarget, findPremises, findVehicles, type AreaGeometry, type NewTarget } from './api';
import { TargetMap } from './TargetMap';
// Where the map's hot spot layer leaves a target for this page ({ kind: 'hotspot', name, geometry }).
import { NEW_TARGET_KEY } from '../map/hotspots/planDisruption';


interface HandedOver {
  kind: 'hotspot';
  name: string;
  geometry: AreaGeometry;
}

/** The hot spot handed over by the map, if a well-formed one is waiting. */
function handedOver(): HandedOver | null {
  try {
    const v = JSON.parse(sessionStorage.getItem(NEW_TARGET_KEY) ?? 'null') as Partial<HandedOver> | null;
    const g = v?.geometry;
    if (v?.kind === 'hotspot' && typeof v.name === 'string' && g && (g.type === 'Polygon' || g.type === 'MultiPolygon') && Array.isArray(g.coordinates)) return v as HandedOver;
  } catch {
    // Not ours or not JSON: start with an empty form.
  }
  return null;
}

type Choice = 'premises' | 'vehicle' | 'area';
const FIELDS = ['name', 'kind', 'geometry', 'areaId', 'premisesId', 'vehicleId', 'radius', 'controlAreaId'] as const;

interface Props {
  created: (id: string) => void;
  cancel: () => void;
}

/** A new disruption target: a hot spot handed over from the map, or a premises, vehicle or area picked here. */
export function NewTargetPage({ created, cancel }: Props) {
  const [hotspot, setHotspot] = useState<HandedOver | null>(handedOver);
  const [choice, setChoice] = useState<Choice>('premises');
  const [name, setName] = useState(hotspot?.name ?? '');
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<{ id: string; label: string } | null>(null);
  const [radius, setRadius] = useState(100);
  const [areaId, setAreaId] = useState('');
  const [controlAreaId, setControlAreaId] = useState('');
  const { pending, error, run } = useSubmit('The target was not created');
  const areas = useRemote('areas', (s) => getJson<AreaCollection>('/api/areas', {}, s));

  const q = query.trim();
  const searchKey = !hotspot && choice !== 'area' && q.length >= 2 ? `${choice}:${q}` : null;
  const results = useRemote<{ id: string; label: string }[]>(
    searchKey,
    async (s) =>
      choice === 'premises'
        ? (await findPremises(q, s)).features.map((f) => ({ id: f.id, label: `${f.properties.name}${f.properties.postcode ? `, ${f.properties.postcode}` : ''}` }))
        : (await findVehicles(q.replace(/\s+/g, '').toUpperCase(), s)).map((v) => ({ id: v.id, label: [v.plate, v.colour, v.make].filter(Boolean).join(' ') })),
  );
  useEffect(() => setPicked(null), [choice]);

  const area = areas.data?.features.find((a) => a.id === areaId);
  const body = (): NewTarget => {
    const control = controlAreaId ? { controlAreaId } : {};
    if (hotspot) return { name, kind: 'hotspot', geometry: hotspot.geometry, ...control };
    if (choice === 'premises') return { name, kind: 'premises', ...(picked ? { premisesId: picked.id } : {}), radius, ...control };
    if (choice === 'vehicle') return { name, kind: 'vehicle', ...(picked ? { vehicleId: picked.id } : {}), ...control };
    return { name, kind: area?.properties.kind === 'hotspot' ? 'hotspot' : 'polygon', ...(areaId ? { areaId } : {}), ...control };
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const t = await createTarget(body());
      sessionStorage.removeItem(NEW_TARGET_KEY);
      created(t.id);
    });
  };

  const pick = (r: { id: string; label: string }) => {
    setPicked(r);
    if (!name) setName(r.label);
  };

  return (
    <div className="disruption">
      <h1>New disruption target</h1>
      <form className="panel dis-form" onSubmit={submit} aria-label="New disruption target">
        {isFormLevel(error, FIELDS) && (
          <p className="message message--error" role="alert">
            {error.detail}
          </p>
        )}
        {hotspot ? (
          <div className="dis-handed">
            <p>
              From the map’s hot spot layer: the area drawn below.{' '}
              <button
                type="button"
                className="button button--small"
                onClick={() => {
                  sessionStorage.removeItem(NEW_TARGET_KEY);
                  setHotspot(null);
                }}
              >
                Choose something else
              </button>
            </p>
            {error?.fieldMessage('geometry') && <p className="field__error">{error.fieldMessage('geometry')}</p>}
            <TargetMap target={hotspot.geometry} ring={null} control={null} controlLabel={null} />
          </div>
        ) : (
          <>
            <fieldset className="dis-choice">
              <legend>The target is</legend>
              {(['premises', 'vehicle', 'area'] as const).map((c) => (
                <label key={c}>
                  <input type="radio" name="dis-kind" value={c} checked={choice === c} onChange={() => setChoice(c)} /> {c === 'premises' ? 'a premises' : c === 'vehicle' ? 'a vehicle' : 'an area'}
                </label>
              ))}
            </fieldset>
            {choice !== 'area' ? (
              <Field
                id="dis-search"
                label={choice === 'premises' ? 'Find the premises (name or postcode)' : 'Find the vehicle (plate)'}
                error={error?.fieldMessage(choice === 'premises' ? 'premisesId' : 'vehicleId')}
              >
                {(a) => <input {...a} type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />}
              </Field>
            ) : (
              <Field id="dis-area" label="Area" error={error?.fieldMessage('areaId')}>
                {(a) => (
                  <select {...a} value={areaId} onChange={(e) => {
                    setAreaId(e.target.value);
                    const f = areas.data?.features.find((x) => x.id === e.target.value);
                    if (f && !name) setName(f.properties.name);
                  }}>
                    <option value="">Choose an area…</option>
                    {areas.data?.features.map((f) => (
                      <option key={f.id} value={f.id}>{`${f.properties.name} (${AREA_KIND_LABELS[f.properties.kind].toLowerCase()})`}</option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            {choice !== 'area' && searchKey && (
              <PickList results={results} name="dis-picked" picked={picked} onPick={pick} className="dis-results" label="Matches" />
            )}
            {choice === 'premises' && (
              <Field id="dis-radius" label="Metres round the premises" error={error?.fieldMessage('radius')}>
                {(a) => <input {...a} type="number" min={10} max={2000} step={10} value={radius} onChange={(e) => setRadius(Number(e.target.value))} />}
              </Field>
            )}
          </>
        )}
        <Field id="dis-name" label="Name" error={error?.fieldMessage('name')}>
          {(a) => <input {...a} type="text" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field id="dis-control" label="Compare with" hint="By default, the rest of the ward the target lies in." error={error?.fieldMessage('controlAreaId')}>
          {(a) => (
            <select {...a} value={controlAreaId} onChange={(e) => setControlAreaId(e.target.value)}>
              <option value="">The rest of the ward</option>
              {areas.data?.features.map((f) => (
                <option key={f.id} value={f.id}>{f.properties.name}</option>
              ))}
            </select>
          )}
        </Field>
        <div className="dis-form__row">
          <button type="submit" className="button button--primary" disabled={pending}>
            {pending ? 'Creating…' : 'Create target'}
          </button>
          <button type="button" className="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
