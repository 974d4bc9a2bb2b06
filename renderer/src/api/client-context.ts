import { createContext, useContext } from 'react';
import type { PlexApiClient } from '../../../src/common/api';

export const ClientContext = createContext<PlexApiClient | null>(null);

export function useClient(): PlexApiClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient outside ClientContext');
  return client;
}
