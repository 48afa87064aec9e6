/**
 * Preloaded into the Agents Playground (`node --require`): it would listen on every interface, and a
 * local Teams client that lets anyone on the network chat as you has no business outside this machine.
 * A server started without a host gets 127.0.0.1, like the bot in local mode.
 */
'use strict';
const net = require('node:net');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function loopbackListen(...args) {
  const first = args[0];
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const host = typeof args[1] === 'string' ? args[1] : '127.0.0.1';
    const rest = typeof args[1] === 'string' ? args.slice(2) : args.slice(1);
    return listen.call(this, Number(first), host, ...rest);
  }
  if (first && typeof first === 'object' && !Array.isArray(first) && first.path === undefined && !first.host) {
    return listen.call(this, { ...first, host: '127.0.0.1' }, ...args.slice(1));
  }
  return listen.apply(this, args);
};
