// Names of workflow stages and posts in the language on screen (the workflow domain's words).
import type { Post, WorkflowStage } from '../../contract';
import { tOr } from '../../i18n/catalog';

/** The admin's name, else the translated name of a stage the box came with. */
export const stageName = (s: Pick<WorkflowStage, 'name' | 'key'>): string => s.name || (s.key ? tOr(`workflow.stage.${s.key}`, s.key) : '');
export const postLabel = (p: Post): string => tOr(`workflow.post.${p}`, p);
