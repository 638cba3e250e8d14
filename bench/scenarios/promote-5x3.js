'use strict';
// Promote (tag method), 5 images x 3 tags. See lib/promote.js.
const { promoteScenario } = require('../lib/promote');

module.exports = promoteScenario({
  name: 'promote-5x3',
  images: 5,
  smokeImages: 5,
  zuulJobs: true,
  summary:
    'promote 5 images x 3 tags (tag method): zuul-ts role process and in-process vs skopeo copy --all per tag vs the zuul-jobs role (ansible-playbook) vs GET+PUT floor',
});
