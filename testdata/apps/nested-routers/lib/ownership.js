'use strict';

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// Shared ownership guard. Throws (404, so ids of other people's projects are not confirmed)
// unless the item exists and belongs to the verified user. Route handlers are async and
// express-async-errors forwards the throw to the error handler, so a failed check leaves the
// handler before anything after the call runs.
function assertOwner(item, user) {
  if (!item || !user || item.ownerId !== user.id) {
    throw new HttpError(404, 'not found');
  }
  return item;
}

module.exports = { HttpError, assertOwner };
