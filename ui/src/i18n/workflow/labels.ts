// Names of workflow stages and posts in the language in use (the board's words, ./index.ts).
import type { Post, WorkflowStage } from '../../contract';
import { twOr } from './index';

/** The admin's name, else the translated name of a stage the box came with. */
export const stageName = (s: Pick<WorkflowStage, 'name' | 'key'>): string => s.name || (s.key ? twOr(`workflow.stage.${s.key}`, s.key) : '');
export const postLabel = (p: Post): string => twOr(`workflow.post.${p}`, p);
