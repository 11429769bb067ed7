import { Suspense, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import AppLayout from '@cloudscape-design/components/app-layout';
import BreadcrumbGroup from '@cloudscape-design/components/breadcrumb-group';
import Flashbar from '@cloudscape-design/components/flashbar';
import SideNavigation from '@cloudscape-design/components/side-navigation';
import Spinner from '@cloudscape-design/components/spinner';
import TopNavigation from '@cloudscape-design/components/top-navigation';
import { useAuth } from '../auth/auth.tsx';
import { useConsole } from '../context.tsx';
import { pageForPath, sideNavigationItems } from '../navigation.ts';
import { roleLabels, rolesOf } from '../roles.ts';
import { useNotifications } from './notifications.tsx';

export function Layout({ children }: { children: ReactNode }) {
  const { principal, signOut } = useAuth();
  const { config } = useConsole();
  const { items } = useNotifications();
  const location = useLocation();
  const navigate = useNavigate();
  const page = pageForPath(location.pathname);
  const follow = (event: CustomEvent<{ href: string; external?: boolean }>) => {
    if (event.detail.external) return;
    event.preventDefault();
    navigate(event.detail.href);
  };
  const extra = page && location.pathname !== page.path ? decodeURIComponent(location.pathname.slice(page.path.length + 1)) : undefined;
  const crumbs = [
    { text: 'Switchboard', href: '/' },
    ...(page && page.path !== '/' ? [{ text: page.title, href: page.path }] : []),
    ...(extra ? [{ text: extra, href: location.pathname }] : []),
  ];
  const roleText = principal
    ? rolesOf(principal)
        .map((role) => roleLabels[role])
        .join(', ') || 'Signed-in user (no role)'
    : '';
  return (
    <>
      <div id="top-nav" style={{ position: 'sticky', top: 0, zIndex: 1002 }}>
        <TopNavigation
          identity={{
            href: '/',
            title: `Switchboard · ${config.stage}`,
            onFollow: (event) => {
              event.preventDefault();
              navigate('/');
            },
          }}
          utilities={[
            {
              type: 'menu-dropdown',
              text: principal?.username ?? '',
              description: roleText,
              iconName: 'user-profile',
              items: [{ id: 'sign-out', text: 'Sign out' }],
              onItemClick: ({ detail }) => {
                if (detail.id === 'sign-out') {
                  signOut();
                  navigate('/');
                }
              },
            },
          ]}
        />
      </div>
      <AppLayout
        headerSelector="#top-nav"
        toolsHide
        ariaLabels={{
          navigation: 'Side navigation',
          navigationClose: 'Close navigation',
          navigationToggle: 'Open navigation',
          notifications: 'Notifications',
        }}
        breadcrumbs={<BreadcrumbGroup items={crumbs} onFollow={follow} ariaLabel="Breadcrumbs" />}
        notifications={<Flashbar items={items} />}
        navigation={
          <SideNavigation
            header={{ text: 'Switchboard', href: '/' }}
            activeHref={page?.path ?? location.pathname}
            items={sideNavigationItems(principal, { stage: config.stage })}
            onFollow={follow}
          />
        }
        content={<Suspense fallback={<Spinner size="large" />}>{children}</Suspense>}
      />
    </>
  );
}
