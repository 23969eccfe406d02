import { startSocketSync } from './api/socket.ts';
import './app/maillage-app.ts';
import { session } from './app/session.ts';

startSocketSync();
void session.load();
