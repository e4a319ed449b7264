import { z } from 'zod';

/** The words shared by the catalog, the matcher and the inventory. */

export const CATEGORIES = [
  'chat_assistant',
  'model_api',
  'coding',
  'meetings_transcription',
  'writing_marketing',
  'image_video_voice',
  'search_research',
  'hr_recruiting',
  'legal',
  'customer_support',
  'agent_automation',
  'ml_framework',
  'saas_ai_addon',
  'sales_revenue',
  'data_analytics',
  'productivity',
  'it_security',
  'finance',
  'healthcare',
  'education',
] as const;
export const categorySchema = z.enum(CATEGORIES);
export type Category = z.infer<typeof categorySchema>;

export const CATEGORY_LABELS: Record<Category | 'unknown', string> = {
  chat_assistant: 'Chat assistant',
  model_api: 'Model API',
  coding: 'Coding assistant',
  meetings_transcription: 'Meetings & transcription',
  writing_marketing: 'Writing & marketing',
  image_video_voice: 'Image, video & voice',
  search_research: 'Search & research',
  hr_recruiting: 'HR & recruiting',
  legal: 'Legal',
  customer_support: 'Customer support',
  agent_automation: 'Agents & automation',
  ml_framework: 'ML framework / SDK',
  saas_ai_addon: 'AI add-on of a SaaS',
  sales_revenue: 'Sales & revenue',
  data_analytics: 'Data & analytics',
  productivity: 'Productivity & personal assistants',
  it_security: 'IT & security operations',
  finance: 'Finance & accounting',
  healthcare: 'Healthcare & clinical',
  education: 'Education & learning',
  unknown: 'Possible AI (unknown vendor)',
};

export const ECOSYSTEMS = ['npm', 'pypi', 'go', 'maven', 'nuget', 'rubygems', 'cargo'] as const;
export const ecosystemSchema = z.enum(ECOSYSTEMS);
export type Ecosystem = z.infer<typeof ecosystemSchema>;
