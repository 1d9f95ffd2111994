import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The server's print browser opens /reports/print to make a report's PDF: the report alone, no app around it.
const PrintPage = lazy(() => import('./reports/PrintPage').then((m) => ({ default: m.PrintPage })));
const printing = window.location.pathname === '/reports/print';

createRoot(root).render(
  <StrictMode>
    {printing ? (
      <Suspense fallback={null}>
        <PrintPage />
      </Suspense>
    ) : (
      <App />
    )}
  </StrictMode>,
);
