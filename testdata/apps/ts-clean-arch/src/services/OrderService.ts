import { randomUUID } from 'node:crypto';
import type { Order, OrderLine, OrderRepository } from '@app/infra/OrderRepository';

export class NotFoundError extends Error {}

export interface Receipt {
  orderId: string;
  lines: OrderLine[];
  total: number;
  status: Order['status'];
  createdAt: string;
}

function totalOf(lines: OrderLine[]): number {
  return lines.reduce((sum, line) => sum + line.qty * line.unitPrice, 0);
}

export class OrderService {
  constructor(private readonly orders: OrderRepository) {}

  listForUser(userId: string): Promise<Order[]> {
    return this.orders.listByUser(userId);
  }

  getForUser(userId: string, orderId: string): Promise<Order | undefined> {
    return this.orders.get(userId, orderId);
  }

  async receipt(orderId: string): Promise<Receipt> {
    const order = await this.orders.findByOrderId(orderId);
    if (!order) throw new NotFoundError(`order ${orderId}`);
    const { lines, total, status, createdAt } = order;
    return { orderId, lines, total, status, createdAt };
  }

  async placeOrder(userId: string, lines: OrderLine[]): Promise<Order> {
    const order: Order = {
      userId,
      orderId: randomUUID(),
      lines,
      total: totalOf(lines),
      status: 'PLACED',
      createdAt: new Date().toISOString(),
    };
    await this.orders.create(order);
    return order;
  }

  // Guest orders all live under one partition; the e-mail is how the customer is reached.
  async placeGuestOrder(guestEmail: string, lines: OrderLine[]): Promise<Order> {
    const order: Order = {
      userId: 'GUEST',
      orderId: randomUUID(),
      lines,
      total: totalOf(lines),
      status: 'PLACED',
      guestEmail,
      createdAt: new Date().toISOString(),
    };
    await this.orders.create(order);
    return order;
  }

  purge(userId: string, orderId: string): Promise<void> {
    return this.orders.delete(userId, orderId);
  }
}
