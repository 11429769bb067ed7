import { lazy, type ReactNode } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import Alert from '@cloudscape-design/components/alert';
import { useAuth } from './auth/auth.tsx';
import { hasAnyRole } from './roles.ts';
import { pageForPath } from './navigation.ts';
import { Layout } from './shell/layout.tsx';
import { NotificationsProvider } from './shell/notifications.tsx';

// One chunk per page: a page's code loads when it is first opened.
const Overview = lazy(() => import('./pages/overview.tsx'));
const Calls = lazy(() => import('./pages/calls.tsx'));
const CallDetail = lazy(() => import('./pages/call-detail.tsx'));
const Routing = lazy(() => import('./pages/routing.tsx'));
const DepartmentEditor = lazy(() => import('./pages/department-editor.tsx'));
const Texts = lazy(() => import('./pages/texts.tsx'));
const ConversationDetail = lazy(() => import('./pages/conversation-detail.tsx'));
const Forwarding = lazy(() => import('./pages/forwarding.tsx'));
const NumberDetail = lazy(() => import('./pages/number-detail.tsx'));
const ApiDocs = lazy(() => import('./pages/api-docs.tsx'));
const Devices = lazy(() => import('./pages/devices.tsx'));
const DeviceDetail = lazy(() => import('./pages/device-detail.tsx'));
const Incidents = lazy(() => import('./pages/incidents.tsx'));
const IncidentDetail = lazy(() => import('./pages/incident-detail.tsx'));
const Runbook = lazy(() => import('./pages/runbook.tsx'));
const Ask = lazy(() => import('./pages/ask.tsx'));
const Softphone = lazy(() => import('./pages/softphone.tsx'));
const LocalTools = lazy(() => import('./pages/local-tools/index.tsx'));
const CampaignJobs = lazy(() => import('./pages/campaigns/jobs.tsx'));
const NewCampaignJob = lazy(() => import('./pages/campaigns/new-job.tsx'));
const CampaignJobDetail = lazy(() => import('./pages/campaigns/job-detail.tsx'));
const DoNotCall = lazy(() => import('./pages/campaigns/do-not-call.tsx'));

function Guard({ children }: { children: ReactNode }) {
  const { principal } = useAuth();
  const location = useLocation();
  const page = pageForPath(location.pathname);
  if (page && !hasAnyRole(principal, page.access)) {
    return (
      <Alert type="warning" header="Not available to your role">
        {page.title} needs one of these roles: {Array.isArray(page.access) ? page.access.join(', ') : 'signed in'}. Ask an administrator to add you to
        the group, or sign in as another user.
      </Alert>
    );
  }
  return <>{children}</>;
}

/** Everything behind sign-in: the AWS-console shell (AppLayout, navigation) and the routes. */
export default function SignedIn() {
  return (
    <NotificationsProvider>
      <Layout>
        <Guard>
          <Routes>
            <Route path="/" element={<Overview />} />
            <Route path="/calls" element={<Calls />} />
            <Route path="/calls/:callId" element={<CallDetail />} />
            <Route path="/routing" element={<Routing />} />
            <Route path="/routing/new" element={<DepartmentEditor />} />
            <Route path="/routing/:name" element={<DepartmentEditor />} />
            <Route path="/texts" element={<Texts />} />
            <Route path="/texts/:conversationId" element={<ConversationDetail />} />
            <Route path="/forwarding" element={<Forwarding />} />
            <Route path="/forwarding/:e164" element={<NumberDetail />} />
            <Route path="/devices" element={<Devices />} />
            <Route path="/devices/:deviceId" element={<DeviceDetail />} />
            <Route path="/incidents" element={<Incidents />} />
            <Route path="/incidents/:incidentId" element={<IncidentDetail />} />
            <Route path="/runbook" element={<Runbook />} />
            <Route path="/ask" element={<Ask />} />
            <Route path="/campaigns" element={<CampaignJobs />} />
            <Route path="/campaigns/new" element={<NewCampaignJob />} />
            <Route path="/campaigns/do-not-call" element={<DoNotCall />} />
            <Route path="/campaigns/:jobId" element={<CampaignJobDetail />} />
            <Route path="/api-docs" element={<ApiDocs />} />
            <Route path="/api-docs/:service" element={<ApiDocs />} />
            <Route path="/softphone" element={<Softphone />} />
            <Route path="/local/*" element={<LocalTools />} />
            <Route path="/auth/callback" element={<Overview />} />
            <Route
              path="*"
              element={
                <Alert type="error" header="No such page">
                  Nothing lives at {window.location.pathname}.
                </Alert>
              }
            />
          </Routes>
        </Guard>
      </Layout>
    </NotificationsProvider>
  );
}
