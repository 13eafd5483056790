// The app is built by a class that is handed its routes: the mount is followed through the
// constructor's parameter, so the routes' full paths and their (missing) authentication are
// known, and an unauthenticated route is the route rule's finding only.
const express = require('express');

class Server {
  constructor(routes) {
    this.app = express();
    this.app.use(express.json());
    this.app.use('/api', routes);
  }

  listen(port) {
    return this.app.listen(port);
  }
}

module.exports = Server;
