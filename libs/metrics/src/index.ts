export { Metrics, type GaugeCollector } from './metrics.service';
export { MetricsModule } from './metrics.module';
export { metricsScrapeStatus, metricsRefusal, type MetricsAccess } from './metrics-access';
export { registerMetrics, serveMetrics } from './metrics.route';
