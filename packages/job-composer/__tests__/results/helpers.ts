/** A container_image artifact as upload-container-image returns it. */
export const image = {
  name: 'quay.io/org/img:latest',
  url: 'docker://ir:5000/quay.io/org/img:b1_latest',
  metadata: { type: 'container_image', repository: 'quay.io/org/img', tag: 'latest' },
};
