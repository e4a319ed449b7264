import type { RegisterEntry } from '../../../src/domain/register.js';

/** A register entry with nothing reviewed yet; override what the test needs. */
export function entry(over: Partial<RegisterEntry> & Pick<RegisterEntry, 'id' | 'vendor' | 'product' | 'category'>): RegisterEntry {
  return {
    catalogId: over.id,
    status: 'discovered',
    sources: {},
    users: 0,
    hints: { processesPersonalData: false, hrEmploymentUse: false, impliedRole: 'user' },
    useContext: { departments: [], dataCategories: [] },
    oversight: {},
    ...over,
  };
}

/** ChatGPT connected by OAuth with Mail.Read: high scope exposure, trains on data by default. */
export const chatgpt = (): RegisterEntry =>
  entry({
    id: 'openai-chatgpt',
    vendor: 'OpenAI',
    product: 'ChatGPT',
    category: 'chat_assistant',
    sources: { oauth_grant: 42, expense: 3 },
    users: 42,
    monthlySpend: { amount: 840, currency: 'EUR' },
    exposure: 'high',
    hints: { processesPersonalData: true, trainsOnCustomerDataByDefault: true, hrEmploymentUse: false, impliedRole: 'user' },
  });

/** HireVue used by HR to screen candidates. */
export const hirevue = (): RegisterEntry =>
  entry({
    id: 'hirevue',
    vendor: 'HireVue',
    product: 'HireVue',
    category: 'hr_recruiting',
    sources: { licence: 1, expense: 12 },
    users: 8,
    monthlySpend: { amount: 6000, currency: 'EUR' },
    hints: { processesPersonalData: true, hrEmploymentUse: true, impliedRole: 'user' },
    useContext: {
      purpose: 'video interviews for graduate hiring',
      owner: 'Head of Talent',
      departments: ['HR'],
      decisions: 'shortlists candidates for the second interview round',
      dataCategories: ['personal', 'candidate video'],
      domain: 'employment',
    },
  });

/** The openai npm SDK in the product repository, shipped to customers. */
export const openaiSdk = (): RegisterEntry =>
  entry({
    id: 'openai-api',
    vendor: 'OpenAI',
    product: 'OpenAI API',
    category: 'model_api',
    sources: { dependency: 3 },
    users: 0,
    hints: { processesPersonalData: true, hrEmploymentUse: false, impliedRole: 'developer' },
    useContext: {
      purpose: 'summarises support tickets inside our helpdesk product',
      departments: ['Engineering'],
      dataCategories: ['customer'],
      shippedToCustomers: true,
      interactsWithPublic: true,
    },
  });

/** Grammarly for internal writing. */
export const grammarly = (): RegisterEntry =>
  entry({
    id: 'grammarly',
    vendor: 'Grammarly',
    product: 'Grammarly',
    category: 'writing_marketing',
    sources: { app_install: 5 },
    users: 5,
    useContext: {
      purpose: 'spelling and tone suggestions for internal documents',
      departments: ['Operations'],
      dataCategories: [],
      domain: 'internal_productivity',
      interactsWithPublic: false,
    },
  });

/** PyTorch in the data-science repository. */
export const pytorch = (): RegisterEntry =>
  entry({
    id: 'pytorch',
    vendor: 'PyTorch',
    product: 'PyTorch',
    category: 'ml_framework',
    sources: { dependency: 2 },
    hints: { processesPersonalData: false, hrEmploymentUse: false, impliedRole: 'developer' },
  });
