/** Where tokenstorm is, and where its reports go unless a command is told otherwise. */
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** tokenstorm's own folder: its checkout, or the package a project installed under its node_modules. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** True when tokenstorm runs as a package a project installed, not from its own checkout. */
export const INSTALLED_AS_PACKAGE = PACKAGE_ROOT.split(sep).includes('node_modules');

/** Carries the default reports folder to the runner's processes, which start elsewhere. */
export const REPORTS_DIR_ENV = 'TOKENSTORM_REPORTS_DIR';

/**
 * Where runs write their reports unless told otherwise; `latest` there points at the newest.
 * In tokenstorm's checkout, its reports/out; installed as a package, reports/out of the folder the
 * command runs in — a package's own folder is not the project's, a reinstall wipes it, and it may be read-only.
 */
export const DEFAULT_REPORTS_DIR = process.env[REPORTS_DIR_ENV] ?? (INSTALLED_AS_PACKAGE ? resolve('reports', 'out') : join(PACKAGE_ROOT, 'reports', 'out'));
