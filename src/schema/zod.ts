/**
 * zod as every part of this package uses it (`import * as z from '../schema/zod'`): its
 * tree-shakable build, `zod/mini`, with zod's English messages. The handler's bundle then carries
 * only the schema code it uses, which Terraform has node parse on every run of the handler
 * (docs/benchmarks.md).
 */
import { type ZodMiniType, config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());

export * from 'zod/mini';
/** A schema of this package: what `decode` and the emulator's body checks accept. */
export type Schema = ZodMiniType;
