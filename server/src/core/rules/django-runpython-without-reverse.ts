import { djangoReverseRule } from './djangoReverse';

export const djangoRunpythonWithoutReverse = djangoReverseRule('RunPython', 'django-runpython-without-reverse', 'function');
