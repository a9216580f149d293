// Imported by every unit test file: mocha runs this root hook once before any test.
import { loadParser } from '../../server/src/core/sql/parser';

before(async () => {
  await loadParser();
});
