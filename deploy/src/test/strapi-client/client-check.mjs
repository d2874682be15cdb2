// Drives Quire with Strapi's official client exactly as a Strapi 5 front-end would, and checks each answer.
// Expects QUIRE_URL, QUIRE_TOKEN, and the types set up by StrapiClientIT: author, article (draft & publish,
// relation "author"), homepage (single type), page (localized).
import assert from 'node:assert/strict';
import { strapi } from '@strapi/client';

const client = strapi({ baseURL: `${process.env.QUIRE_URL}/api`, auth: process.env.QUIRE_TOKEN });
const authors = client.collection('authors');
const articles = client.collection('articles');
let checks = 0;
const check = (fn) => { fn(); checks++; };

const ann = await authors.create({ name: 'Ann' });
check(() => assert.equal(ann.data.name, 'Ann'));

const first = await articles.create({ title: 'First', views: 3, author: ann.data.documentId });
const second = await articles.create({ title: 'Second', views: 7, author: ann.data.documentId });
const draft = await articles.create({ title: 'Draft only', views: 1 }, { status: 'draft' });
check(() => assert.ok(first.data.publishedAt));
check(() => assert.equal(draft.data.publishedAt, null));

// list, filter, sort, paginate, populate, fields
const page = await articles.find({
  filters: { views: { $gte: 2 }, title: { $containsi: 's' } },
  sort: ['views:desc'],
  pagination: { page: 1, pageSize: 1 },
  populate: { author: { fields: ['name'] } },
  fields: ['title', 'views'],
});
check(() => assert.deepEqual(page.data.map((a) => a.title), ['Second']));
check(() => assert.equal(page.data[0].author.name, 'Ann'));
check(() => assert.deepEqual(page.meta.pagination, { page: 1, pageSize: 1, pageCount: 2, total: 2 }));

const nested = await articles.find({ filters: { $or: [{ author: { name: { $eq: 'Ann' } } }, { views: { $lt: 0 } }] },
  sort: 'title:asc', populate: '*' });
check(() => assert.deepEqual(nested.data.map((a) => a.title), ['First', 'Second']));
check(() => assert.equal(nested.data[0].author.documentId, ann.data.documentId));

const drafts = await articles.find({ status: 'draft', filters: { title: { $eq: 'Draft only' } } });
check(() => assert.equal(drafts.data.length, 1));

// read one, update (publishes, as in Strapi 5), publish a draft through update
const one = await articles.findOne(first.data.documentId, { populate: ['author'] });
check(() => assert.equal(one.data.author.name, 'Ann'));
const updated = await articles.update(first.data.documentId, { title: 'First, edited' });
check(() => assert.equal(updated.data.title, 'First, edited'));
await articles.update(draft.data.documentId, { views: 2 }, { status: 'published' });
const afterPublish = await articles.find({ filters: { title: { $eq: 'Draft only' } } });
check(() => assert.equal(afterPublish.data.length, 1));

// delete
await articles.delete(second.data.documentId);
await assert.rejects(articles.findOne(second.data.documentId), (e) => e.response?.status === 404);
checks++;

// a single type
const home = client.single('homepage');
await home.update({ headline: 'Welcome' });
const found = await home.find();
check(() => assert.equal(found.data.headline, 'Welcome'));
await home.delete();
await assert.rejects(home.find(), (e) => e.response?.status === 404);
checks++;

// locales, and a document's other locales through populate=localizations
const pages = client.collection('pages');
const welcome = await pages.create({ title: 'Welcome' });
const accueil = await pages.update(welcome.data.documentId, { title: 'Accueil' }, { locale: 'fr' });
check(() => assert.equal(accueil.data.locale, 'fr'));
const translated = await pages.findOne(welcome.data.documentId, { populate: ['localizations'] });
check(() => assert.deepEqual(translated.data.localizations.map((p) => [p.locale, p.title]), [['fr', 'Accueil']]));
const french = await pages.find({ locale: 'fr', populate: { localizations: { fields: ['title'] } } });
check(() => assert.deepEqual(french.data.map((p) => p.title), ['Accueil']));
check(() => assert.deepEqual(french.data[0].localizations.map((p) => p.title), ['Welcome']));

// errors arrive in Strapi's shape
const rejected = await articles.create({ title: 'x', nope: true }).then(() => null, (e) => e);
check(() => assert.equal(rejected?.response?.status, 400));
const body = await rejected.response.json();
check(() => assert.equal(body.data, null));
check(() => assert.equal(body.error.name, 'ValidationError'));
check(() => assert.equal(body.error.message, 'Invalid key nope'));

console.log(`strapi-client: ${checks} checks passed`);
