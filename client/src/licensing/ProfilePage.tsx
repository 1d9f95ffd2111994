import { useCallback, useState, type ComponentProps, type ReactNode } from 'react';
import { useReportSessionProblem, useSession } from '../SessionContext';
import { asApiError, type ApiError } from '../api';
import { saveFile } from '../saveFile';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatCount, formatDate } from '../format';
import { LICENCE_STATUS_LABELS, PREMISES_CATEGORY_LABELS } from '../../../server/labels';
import { WeekHourMatrix } from '../map/WeekHourMatrix';
import { useRemote } from '../useRemote';
import type { Page } from '../route';
import { downloadProfilePdf, premisesProfile, vehicleProfile, type IntelItem, type PremisesProfile, type ProfileKind, type VehicleProfile } from './api';
import { IntelForm } from './IntelForm';
import { MonthChart } from './MonthChart';
import { CategoryCounts, IndicatorCounts, IntelList, PrintMarking, SightingList } from './ProfileParts';
import { ProfileMap } from './ProfileMap';
import { SeenWith } from './SeenWith';
import './licensing.css';

interface Props {
  id: string;
  goTo: (to: Page, sub?: string, search?: string) => void;
}

const items = (n: number) => `${formatCount(n)} item${n === 1 ? '' : 's'}`;
const period = (p: { from: string; to: string }) => `${formatDate(new Date(p.from))} to ${formatDate(new Date(p.to))}`;

/** Asks the server for the profile's PDF (an export: audited with the purpose) and saves it under the server's file name. */
function DownloadPdf({ kind, id }: { kind: ProfileKind; id: string }) {
  const onSessionProblem = useReportSessionProblem();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      saveFile(await downloadProfilePdf(kind, id));
    } catch (err) {
      const e = asApiError(err, 'The PDF could not be made');
      if (e.status === 401 || e.status === 428) onSessionProblem(e);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {error && <span role="alert" className="lic-field-error">{error.detail || error.title}</span>}
      <button type="button" className="button" onClick={() => void download()} disabled={busy} aria-busy={busy} data-testid="profile-pdf">
        {busy ? 'Making the PDF…' : 'Download PDF'}
      </button>
    </>
  );
}

interface FrameProps {
  title: string;
  kind: ProfileKind;
  id: string;
  loaded: boolean;
  loading: boolean;
  error: ApiError | null;
  retry: () => void;
  goTo: Props['goTo'];
  children: ReactNode;
}

/** The frame both profiles share: back link, PDF and print buttons, the marking, loading and errors. */
function ProfileFrame({ title, kind, id, loaded, loading, error, retry, goTo, children }: FrameProps) {
  return (
    <article className="lic lic-profile">
      <PrintMarking title={title} />
      <div className="lic-toolbar no-print">
        <a href="/licensing" onClick={(e) => { e.preventDefault(); goTo('licensing'); }}>← New look-up</a>
        <span className="lic-actions">
          {loaded && <DownloadPdf kind={kind} id={id} />}
          <button type="button" className="button" onClick={() => window.print()}>Print for the sub-committee</button>
        </span>
      </div>
      {error && (
        <ErrorMessage error={error} onRetry={retry} />
      )}
      {loading && !error && <p className="loading" role="status">Loading the profile…</p>}
      {children}
    </article>
  );
}

/** Intel the officer just recorded is shown at once, ahead of the next reload. */
function useAddedIntel() {
  const [added, setAdded] = useState<IntelItem[]>([]);
  const add = useCallback((i: IntelItem) => setAdded((a) => [i, ...a]), []);
  return [added, add] as const;
}

/** How a profile's map reads its basemap and says it has drawn: on the page's session, or on the PDF's print ticket. */
export interface ProfileMapSource {
  styleUrl?: string;
  onReady?: () => void;
}

/** The sightings' counts both profiles show, in the one shape their schemas share. */
type ProfileSightings = Pick<PremisesProfile['sightings'], 'indicators' | 'byCategory' | 'byMonth' | 'matrix' | 'total'>;

interface BodyProps {
  mapTitle: string;
  map: ReactNode;
  sightings: ProfileSightings;
  monthCaption: string;
  intel: IntelItem[];
  intelTotal: number;
  listTitle: string;
  listed: ComponentProps<typeof SightingList>['items'];
}

/** What a premises and a vehicle profile both show below their heads, in the same order on the page and in the PDF. */
function ProfileBody({ mapTitle, map, sightings, monthCaption, intel, intelTotal, listTitle, listed }: BodyProps) {
  return (
    <>
      <div className="lic-cols">
        <section className="lic-card">
          <h2>{mapTitle}</h2>
          {map}
        </section>
        <section className="lic-card">
          <h2>Operation Makesafe indicators</h2>
          <IndicatorCounts counts={sightings.indicators} />
          <h2>By category</h2>
          <CategoryCounts counts={sightings.byCategory} />
        </section>
      </div>
      <section className="lic-card">
        <h2>Sightings by month</h2>
        <MonthChart byMonth={sightings.byMonth} caption={monthCaption} />
      </section>
      <section className="lic-card lic-avoid-break">
        <h2>When: weekday by hour</h2>
        <WeekHourMatrix matrix={sightings.matrix} caption="Sightings by weekday and hour of day (local time)" />
      </section>
      <section className="lic-card">
        <h2>Linked intelligence</h2>
        <IntelList items={intel} total={intelTotal} />
      </section>
      <section className="lic-card">
        <h2>{listTitle}</h2>
        <SightingList items={listed} total={sightings.total} />
      </section>
    </>
  );
}

const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** A premises profile as shown and as printed (everything but the intel form); `added`: intel recorded since it loaded. */
export function PremisesProfileView({ p, added = [], map }: { p: PremisesProfile; added?: IntelItem[]; map: ProfileMapSource }) {
  return (
    <>
      <header className="lic-head">
        <h1>{p.premises.name}</h1>
        <p className="lic-meta">
          {PREMISES_CATEGORY_LABELS[p.premises.category]} · {[p.premises.address, p.premises.postcode].filter(Boolean).join(', ') || 'no address recorded'}
        </p>
        <dl className="lic-facts">
          <div><dt>Licence</dt><dd>{p.licence.ref ?? 'none recorded'} · <span className={`lic-status lic-status--${p.licence.status}`} data-testid="licence-status">{LICENCE_STATUS_LABELS[p.licence.status]}</span></dd></div>
          <div><dt>Period</dt><dd>{period(p.period)}</dd></div>
          <div><dt>Sightings</dt><dd data-testid="sightings-total">{formatCount(p.sightings.total)} within {p.radius} m or linked ({formatCount(p.sightings.linked)} linked)</dd></div>
          {p.ward && (
            <div><dt>Against {p.ward.name}</dt><dd>{p.ward.rateRatio === null ? 'no ward sightings to compare' : `${p.ward.rateRatio} × the ward's density`}</dd></div>
          )}
          <div><dt>Intelligence</dt><dd>{items(p.intel.total + added.length)}</dd></div>
          <div><dt>Makesafe indicators</dt><dd>{formatCount(Object.values(p.sightings.indicators).reduce<number>((a, b) => a + (typeof b === 'number' ? b : 0), 0))}</dd></div>
          {/* Sent to analysts and admins only (issue 21): other roles never learn a premises is a missing-from or found-at place. */}
          {p.episodes && (
            <div data-testid="missing-episodes">
              <dt>Missing episodes</dt>
              <dd>
                {plural(p.episodes.starting, 'episode')} started here, {formatCount(p.episodes.ending)} ended within 100 m, {plural(p.episodes.children, 'different child', 'different children')}
              </dd>
            </div>
          )}
        </dl>
      </header>
      <ProfileBody
        mapTitle="Where"
        map={
          <ProfileMap
            centre={p.premises}
            radiusM={p.radius}
            points={p.sightings.visible.map((s) => [s.lon, s.lat])}
            label={`Map of ${p.premises.name}, the ${p.radius} m round it and the sightings you may read`}
            {...map}
          />
        }
        sightings={p.sightings}
        monthCaption={`Sightings within ${p.radius} m of ${p.premises.name} or linked to it, per month`}
        intel={[...added, ...p.intel.items]}
        intelTotal={p.intel.total + added.length}
        listTitle="Sightings you may read"
        listed={p.sightings.visible}
      />
    </>
  );
}

/** What is known about a premises, for an inspection or a licence review, and its print bundle. */
export function PremisesProfilePage({ id, goTo }: Props) {
  const r = useRemote<PremisesProfile>(`premises/${id}`, (signal) => premisesProfile(id, signal));
  const role = useSession().session.user.role;
  const [added, addIntel] = useAddedIntel();
  const p = r.data;
  const title = p ? p.premises.name : 'Premises profile';
  return (
    <ProfileFrame title={title} kind="premises" id={id} loaded={!!p} loading={r.loading} error={r.error} retry={r.retry} goTo={goTo}>
      {p && (
        <>
          <PremisesProfileView p={p} added={added} map={{}} />
          <SeenWith focus={{ type: 'premises', id: p.premises.id }} role={role} period={p.period} goTo={goTo} />
          <IntelForm subjectType="premises" subjectId={p.premises.id} category={p.premises.category} onCreated={addIntel} />
        </>
      )}
    </ProfileFrame>
  );
}

/** A vehicle profile as shown and as printed (everything but the intel form); without `goTo` (in print) the operator is no link. */
export function VehicleProfileView({ p, added = [], map, goTo }: { p: VehicleProfile; added?: IntelItem[]; map: ProfileMapSource; goTo?: Props['goTo'] }) {
  return (
    <>
      <header className="lic-head">
        <h1><span className="lic-plate">{p.vehicle.plate}</span> {[p.vehicle.colour, p.vehicle.make].filter(Boolean).join(' ')}</h1>
        <dl className="lic-facts">
          <div><dt>Licence number</dt><dd>{p.vehicle.licenceNo ?? 'none recorded'}</dd></div>
          <div>
            <dt>Operator</dt>
            <dd>
              {p.operator ? (
                <>
                  {goTo ? (
                    <a href={`/licensing/premises/${p.operator.id}`} onClick={(e) => { e.preventDefault(); goTo('licensing', `premises/${p.operator!.id}`); }}>{p.operator.name}</a>
                  ) : (
                    p.operator.name
                  )}
                  {' · '}<span className={`lic-status lic-status--${p.operator.licenceStatus}`} data-testid="licence-status">{LICENCE_STATUS_LABELS[p.operator.licenceStatus]}</span>
                </>
              ) : 'none recorded'}
            </dd>
          </div>
          <div><dt>Sightings</dt><dd data-testid="sightings-total">{formatCount(p.sightings.total)} linked</dd></div>
          <div><dt>Intelligence</dt><dd>{items(p.intel.total + added.length)}</dd></div>
        </dl>
      </header>
      <ProfileBody
        mapTitle="Track"
        map={
          <ProfileMap
            centre={null}
            points={p.sightings.timeline.map((s) => [s.lon, s.lat])}
            numbered
            track={p.track.geometry.coordinates}
            trackGapHours={p.track.properties.maxGapHours}
            label={`Map of the sightings of ${p.vehicle.plate} you may read, numbered in time order, joined where within ${p.track.properties.maxGapHours} hours`}
            {...map}
          />
        }
        sightings={p.sightings}
        monthCaption={`Sightings linked to ${p.vehicle.plate}, per month`}
        intel={[...added, ...p.intel.items]}
        intelTotal={p.intel.total + added.length}
        listTitle="Timeline of sightings you may read"
        listed={p.sightings.timeline}
      />
    </>
  );
}

/** A taxi or private-hire vehicle: linked sightings as a timeline and a track, its operator, intel. */
export function VehicleProfilePage({ id, goTo }: Props) {
  const r = useRemote<VehicleProfile>(`vehicles/${id}`, (signal) => vehicleProfile(id, signal));
  const role = useSession().session.user.role;
  const [added, addIntel] = useAddedIntel();
  const p = r.data;
  const title = p ? `Vehicle ${p.vehicle.plate}` : 'Vehicle profile';
  return (
    <ProfileFrame title={title} kind="vehicle" id={id} loaded={!!p} loading={r.loading} error={r.error} retry={r.retry} goTo={goTo}>
      {p && (
        <>
          <VehicleProfileView p={p} added={added} map={{}} goTo={goTo} />
          <SeenWith focus={{ type: 'vehicle', id: p.vehicle.id }} role={role} goTo={goTo} />
          <IntelForm subjectType="vehicle" subjectId={p.vehicle.id} category="vehicle" onCreated={addIntel} />
        </>
      )}
    </ProfileFrame>
  );
}
