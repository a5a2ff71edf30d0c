import { openApiDocument } from './src/http/openapi/document.js';
import SwaggerParser from '@apidevtools/swagger-parser';
const doc = openApiDocument();
import { writeFileSync } from 'node:fs';
writeFileSync('/tmp/openapi.json', JSON.stringify(doc, null, 1));
await SwaggerParser.validate(structuredClone(doc) as any).then(() => console.log('valid'), (e) => console.log('INVALID', e.message.slice(0, 3000)));
