'use strict';
// Sends one metric point and one log record to the URLs in OTEL_EXPORTER_OTLP_METRICS_ENDPOINT and
// OTEL_EXPORTER_OTLP_LOGS_ENDPOINT over OTLP/HTTP protobuf with the official OpenTelemetry JS SDK, then exits:
// 0 when both exports succeeded, 1 with one line on stderr otherwise.
const { ValueType } = require('@opentelemetry/api');
const { setGlobalErrorHandler } = require('@opentelemetry/core');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const { MeterProvider, PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics');
const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-proto');
const { LoggerProvider, SimpleLogRecordProcessor } = require('@opentelemetry/sdk-logs');
const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-proto');
const { SeverityNumber } = require('@opentelemetry/api-logs');

function requiredUrl(name) {
  const url = process.env[name];
  if (!url) {
    console.error(`send.js: set ${name} to the endpoint's URL`);
    process.exit(2);
  }
  return url;
}

async function main() {
  const metricsUrl = requiredUrl('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT');
  const logsUrl = requiredUrl('OTEL_EXPORTER_OTLP_LOGS_ENDPOINT');
  // The SDK reports failed exports here rather than rejecting flush.
  const failures = [];
  setGlobalErrorHandler((error) => failures.push(String(error && error.message ? error.message : error)));
  const resource = resourceFromAttributes({ 'service.name': 'node-dice' });

  const meterProvider = new MeterProvider({
    resource,
    readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: metricsUrl }), exportIntervalMillis: 60000 })],
  });
  const rolls = meterProvider.getMeter('node-dice', '1.0.0').createCounter('dice.rolls', {
    unit: '{roll}',
    description: 'Rolls so far',
    // Integer points (asInt), like a .NET Counter<long>; the JS default is double.
    valueType: ValueType.INT,
  });
  rolls.add(2, { 'roll.value': 5 });
  await meterProvider.shutdown();

  const loggerProvider = new LoggerProvider({
    resource,
    processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: logsUrl }) })],
  });
  loggerProvider.getLogger('node-dice.roller', '1.0.0').emit({
    severityNumber: SeverityNumber.WARN,
    severityText: 'WARN',
    body: 'Bob is rolling the dice: 5',
    attributes: { player: 'Bob', result: 5 },
  });
  await loggerProvider.shutdown();

  if (failures.length > 0) {
    console.error(`send.js: export failed: ${failures.join('; ')}`);
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(`send.js: ${error && error.message ? error.message : error}`);
  process.exit(1);
});
