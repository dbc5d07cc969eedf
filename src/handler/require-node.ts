/**
 * Imported first by ./main: stops the handler on a Node.js too old for it before any other
 * module of the bundle is evaluated (see ../runtime/node-version).
 */
import { exitOnUnsupportedNode } from '../runtime/node-version';

exitOnUnsupportedNode('The sigma-audit-logs handler');
