import type { Page } from '../route';
import { LookupPage } from './LookupPage';
import { PremisesProfilePage, VehicleProfilePage } from './ProfilePage';

interface Props {
  /** '' (the search), `premises/<id>` or `vehicles/<id>`. */
  sub: string;
  goTo: (to: Page, sub?: string, search?: string) => void;
}

/** The licensing look-up: the search box, and the profiles it leads to. */
export function LicensingPage({ sub, goTo }: Props) {
  const [kind, id] = sub.split('/');
  if (kind === 'premises' && id) return <PremisesProfilePage key={id} id={id} goTo={goTo} />;
  if (kind === 'vehicles' && id) return <VehicleProfilePage key={id} id={id} goTo={goTo} />;
  return <LookupPage goTo={goTo} />;
}
