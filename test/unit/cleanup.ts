/** Set-up file of both test projects (vitest.config.ts): each test file's temp folders go when it ends. */
import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers';

afterAll(removeTempDirs);
