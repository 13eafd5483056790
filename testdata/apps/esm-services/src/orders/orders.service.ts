import { randomUUID } from 'node:crypto';
import type { Order, OrderLine, OrderStatus, OrdersRepo } from './orders.repo.js';

export class OrdersService {
  constructor(private readonly repo: OrdersRepo) {}

  get(orderId: string): Promise<Order | undefined> {
    return this.repo.findById(orderId);
  }

  listMine(userId: string, limit: number): Promise<Order[]> {
    return this.repo.listForUser(userId, Math.min(Math.max(limit, 1), 50));
  }

  // Free-text search in the caller's orders: ?in=note&q=birthday. `in` used to be checked
  // against an allow-list; the check was lost in a refactor.
  search(userId: string, field: string, text: string): Promise<Order[]> {
    return this.repo.listForUser(userId, 50, field, text);
  }

  latest(userId: string): Promise<Order[]> {
    return this.repo.latestForUser(userId);
  }

  async place(userId: string, lines: OrderLine[], note?: string): Promise<Order> {
    const order: Order = {
      orderId: randomUUID(),
      // expect: ddb/key-from-request
      userId,
      lines: lines.slice(0, 100).map((l) => ({ sku: String(l.sku), qty: Math.max(1, Number(l.qty) || 1) })),
      status: 'PLACED',
      note: note?.slice(0, 500),
      createdAt: new Date().toISOString(),
    };
    await this.repo.create(order);
    return order;
  }

  cancel(orderId: string, userId: string): Promise<void> {
    return this.repo.cancel(orderId, userId);
  }

  setStatus(orderId: string, status: OrderStatus, expectedUserId: string): Promise<void> {
    return this.repo.setStatus(orderId, status, expectedUserId);
  }

  markPaid(orderId: string, paymentId: string): Promise<void> {
    return this.repo.markPaid(orderId, paymentId);
  }

  refund(orderId: string, reason: string): Promise<void> {
    return this.repo.refund(orderId, reason);
  }
}
