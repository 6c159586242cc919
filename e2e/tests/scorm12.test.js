'use strict';
// SCORM 1.2 packages in scorm-again (imitating Moodle): see lib/scenarios.js.
require('../lib/scenarios').defineScenarios('12');
