'use strict';
// SCORM 2004 4th Edition packages in scorm-again: see lib/scenarios.js.
require('../lib/scenarios').defineScenarios('2004');
