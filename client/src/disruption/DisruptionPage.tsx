import { plansDisruption } from '../../../server/auth/policy';
import type { Role } from '../../../server/lists';
import type { Page } from '../route';
import { DisruptionBoard } from './DisruptionBoard';
import { NewTargetPage } from './NewTargetPage';
import { TargetPage } from './TargetPage';
import './disruption.css';

interface Props {
  role: Role;
  /** After `/disruption/`: '' for the board, 'new', or a target id. */
  sub: string;
  goTo: (to: Page, sub?: string) => void;
}

/** Disruption planning: the board, a new target, and each target's plan and evaluation. */
export function DisruptionPage({ role, sub, goTo }: Props) {
  const plans = plansDisruption(role);
  const open = (s: string) => goTo('disruption', s);
  if (sub === 'new' && plans) return <NewTargetPage created={open} cancel={() => open('')} />;
  if (sub && sub !== 'new') return <TargetPage key={sub} id={sub} role={role} back={() => open('')} />;
  return <DisruptionBoard plans={plans} open={open} />;
}
