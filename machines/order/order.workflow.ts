/** The order workflow as the engine registers it: id, version, accepted events and their schemas, activity options. */
import { defineWorkflow } from '../../engine/workflow/index.js';
import { orderMachine } from './order.machine.js';

const retry = {
  maxAttempts: 5,
  initialIntervalMs: 200,
  backoffCoefficient: 2,
  maxIntervalMs: 5_000,
};

export const orderWorkflow = defineWorkflow({
  id: 'order',
  version: 1,
  description:
    'Reserve stock, wait for payment (with timeout), charge, ship; compensate on failure.',
  machine: orderMachine,
  input: {
    type: 'object',
    required: ['orderId'],
    properties: {
      orderId: { type: 'string', minLength: 1, maxLength: 100 },
      customerId: { type: 'string' },
      amount: { type: 'number', minimum: 0 },
      paymentTimeoutMs: { type: 'integer', minimum: 1 },
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['sku', 'qty'],
          properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } },
        },
      },
    },
  },
  events: {
    PaymentReceived: {
      description: 'The payment provider confirmed the payment',
      schema: {
        type: 'object',
        required: ['paymentId'],
        properties: {
          paymentId: { type: 'string', minLength: 1 },
          amount: { type: 'number', minimum: 0 },
        },
      },
    },
    CancelOrder: {
      description: 'The customer cancelled before paying',
      schema: { type: 'object', properties: { reason: { type: 'string', maxLength: 500 } } },
    },
  },
  activities: {
    reserveStock: { retry, timeoutMs: 10_000 },
    chargePayment: { retry, timeoutMs: 10_000 },
    shipOrder: { retry, timeoutMs: 10_000 },
    releaseStock: { retry, timeoutMs: 10_000 },
  },
});
