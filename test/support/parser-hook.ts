// Imported by every unit test file: mocha runs this root hook once before any test.
import { loadParsers } from '../../server/src/core/parsers';

before(async () => {
  await loadParsers();
});
