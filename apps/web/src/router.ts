import { createRouter, createWebHistory } from 'vue-router';
import { homeOf, mayOpen } from './logic/nav';
import { session } from './session';

// Route-level code splitting: each page is its own chunk, loaded when first opened, so the public
// page and the enterprise's pages never load the rule editor or the charts.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: () => homeOf(session.persona) },
    { path: '/signin', component: () => import('./pages/SignIn.vue'), meta: { bare: true, open: true } },
    { path: '/public', component: () => import('./pages/PublicResults.vue'), meta: { open: true } },
    { path: '/dashboard', component: () => import('./pages/Dashboard.vue') },
    { path: '/enterprises', component: () => import('./pages/EnterpriseSearch.vue') },
    { path: '/enterprises/:uscc', component: () => import('./pages/EnterpriseDetail.vue'), props: true },
    {
      path: '/my-credit',
      component: () => import('./pages/EnterpriseDetail.vue'),
      props: () => ({ uscc: session.uscc }),
    },
    { path: '/my-tier', component: () => import('./pages/Portal.vue') },
    { path: '/imports', component: () => import('./pages/Imports.vue') },
    { path: '/warnings', component: () => import('./pages/Warnings.vue') },
    { path: '/repairs', component: () => import('./pages/Repairs.vue') },
    { path: '/plans', component: () => import('./pages/Plans.vue') },
    { path: '/tasks', component: () => import('./pages/Tasks.vue') },
    { path: '/my-tasks', component: () => import('./pages/Tasks.vue'), props: { mine: true } },
    { path: '/rules', component: () => import('./pages/RuleSets.vue') },
    { path: '/rules/:kind/:version', component: () => import('./pages/RuleEditor.vue'), props: true },
    { path: '/:unknown(.*)', component: () => import('./pages/NotFound.vue'), meta: { open: true } },
  ],
});

router.beforeEach((to) => {
  if (to.meta.open) return true;
  if (!session.token) return { path: '/signin', query: { next: to.fullPath } };
  // Only hides what the role could not open anyway; the api refuses it regardless.
  if (!mayOpen(session.persona, to.path)) return homeOf(session.persona);
  return true;
});
