/**
 * Imported first by ./main: stops the CLI on a Node.js too old for it before any other module of
 * the bundle is evaluated (see ../runtime/node-version).
 */
import { exitOnUnsupportedNode } from '../runtime/node-version';

exitOnUnsupportedNode('sigma-audit-logs');
