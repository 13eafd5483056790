const Server = require('./server');
const routes = require('./routes');

new Server(routes).listen(process.env.PORT || 3000);
