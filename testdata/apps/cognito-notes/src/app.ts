import express from 'express';
import notes from './notes';

const app = express();
app.use(express.json());
app.use('/notes', notes);

export default app;
