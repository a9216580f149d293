import { djangoReverseRule } from './djangoReverse';

export const djangoRunsqlWithoutReverse = djangoReverseRule('RunSQL', 'django-runsql-without-reverse', 'SQL');
