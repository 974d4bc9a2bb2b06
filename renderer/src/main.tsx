import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ClientContext } from './api/client-context';
import { connect } from './api/connect';
import { App } from './App';
import { follow, useStore } from './state/store';
import './styles.css';

const connection = connect();
if ('missingToken' in connection) {
  useStore.setState({ connection: 'no-token' });
} else {
  follow(connection.client, connection.transport);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ClientContext.Provider value={'client' in connection ? connection.client : null}>
      <App />
    </ClientContext.Provider>
  </StrictMode>,
);
