import { metricsRefusal, metricsScrapeStatus } from './metrics-access';

describe('metricsScrapeStatus', () => {
  const token = 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184';

  it('asks a configured token, and only that one', () => {
    expect(metricsScrapeStatus({ token }, `Bearer ${token}`)).toBe(200);
    expect(metricsScrapeStatus({ token }, `bearer ${token}`)).toBe(200);
    expect(metricsScrapeStatus({ token }, undefined)).toBe(401);
    expect(metricsScrapeStatus({ token }, `Bearer ${token}x`)).toBe(401);
    expect(metricsScrapeStatus({ token }, token)).toBe(401);
  });

  it('is open or closed without a token as configured', () => {
    expect(metricsScrapeStatus('open', undefined)).toBe(200);
    expect(metricsScrapeStatus('closed', `Bearer ${token}`)).toBe(403);
  });

  it('refuses in the one error shape, without the token', () => {
    const body = JSON.parse(metricsRefusal(401, 'c-1')) as Record<string, unknown>;
    expect(body).toMatchObject({ statusCode: 401, error: 'Unauthorized', details: [], correlationId: 'c-1' });
  });
});
