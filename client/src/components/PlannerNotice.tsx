import { useFocusOnMount } from './useFocusOnMount';

/** The planner's overview: aggregates only, so no record figures or lists here. */
export function PlannerNotice() {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="panel" aria-labelledby="overview-heading">
      <h1 id="overview-heading" tabIndex={-1} ref={heading}>
        Overview
      </h1>
      <p className="panel__lede">
        The community safety planner role works with aggregated figures only: individual sighting records are not
        available to it.
      </p>
      <p>
        Aggregated maps of where and when sightings happen come with the map, where any count below 5 is shown as
        “&lt;5” and never at a real location.
      </p>
    </section>
  );
}
