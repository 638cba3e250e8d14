'use strict';
// Promote at scale, 200 images x 3 tags, with requests per tag counted by
// the fault proxy (pass-through); the protocol minimum is about 2 per tag plus the delete.
const { promoteScenario } = require('../lib/promote');

module.exports = promoteScenario({
  name: 'promote-200x3',
  images: 200,
  smokeImages: 10,
  maxRepeat: 3,
  summary:
    'promote 200 images x 3 tags: time and requests per tag (fault proxy counter) vs skopeo and the floor',
});
