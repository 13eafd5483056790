export { accountRouter } from './account.router';
export { decodeUser } from './decodeUser';
export { default as mobileRouter } from './mobile.router';
export { ordersRouter } from './orders.router';
