import type {} from 'cdktf/lib/testing/adapters/jest';
// cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, ...).
import { Testing } from 'cdktf';
Testing.setupJest();
process.env.CHECKPOINT_DISABLE = '1';
