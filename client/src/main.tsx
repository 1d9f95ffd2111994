import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';
import './components/forms.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The server's print browser opens /reports/print (a report) or /licensing/print/premises|vehicle
// (a profile) to make a PDF: the document alone, no app around it.
const PrintPage = lazy(() => import('./reports/PrintPage').then((m) => ({ default: m.PrintPage })));
const ProfilePrintPage = lazy(() => import('./licensing/ProfilePrintPage').then((m) => ({ default: m.ProfilePrintPage })));
const path = window.location.pathname;
const profilePrint = /^\/licensing\/print\/(premises|vehicle)$/.exec(path)?.[1] as 'premises' | 'vehicle' | undefined;
const printPage = path === '/reports/print' ? <PrintPage /> : profilePrint ? <ProfilePrintPage kind={profilePrint} /> : null;

createRoot(root).render(<StrictMode>{printPage ? <Suspense fallback={null}>{printPage}</Suspense> : <App />}</StrictMode>);
