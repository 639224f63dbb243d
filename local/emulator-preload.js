// Preloaded into the Kinesis emulators (node -r ./emulator-preload.js).
// 1. They bind every interface and offer no option to change it: force listen() onto 127.0.0.1.
// 2. If the JVM that started the emulator dies without stopping it (kill -9, a crashed test),
//    the emulator notices within a second and exits, so no process is left behind. The JVM
//    passes its pid in PGFLINK_PARENT_PID (the parent pid alone races with a very early death).
'use strict';
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    // listen(port[, host][, backlog][, callback])
    if (typeof args[1] === 'string') {
      args[1] = '127.0.0.1';
    } else {
      args.splice(1, 0, '127.0.0.1');
    }
  } else if (args[0] && typeof args[0] === 'object' && args[0].path === undefined) {
    args[0] = Object.assign({}, args[0], { host: '127.0.0.1' });
  }
  return listen.apply(this, args);
};

const watched = Number(process.env.PGFLINK_PARENT_PID || process.ppid);
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}
const exitWithoutParent = () => {
  if (!isAlive(watched)) {
    process.exit(0);
  }
};
exitWithoutParent();
setInterval(exitWithoutParent, 1000).unref();

// 3. kinesalite throws from its request 'error' handler when a client drops a connection in the
//    middle of a request (a killed capture or task manager does exactly that), which kills the
//    whole emulator. A dropped client is the client's problem: log it and keep serving.
process.on('uncaughtException', (err) => {
  if (err && (err.code === 'ECONNRESET' || err.code === 'EPIPE' || err.message === 'aborted')) {
    console.error(`client connection dropped mid-request (${err.code || err.message}); still serving`);
    return;
  }
  console.error(err);
  process.exit(1);
});

// 4. Ctrl-C in a terminal reaches every process of the foreground group, the emulator too; the
//    JVM that started it stops it when it is done with it (the local pipeline drains both paths
//    first, and needs the stream for that). SIGTERM and the parent watch above still end it.
process.on('SIGINT', () => {});
