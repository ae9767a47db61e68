-- The demo property for the local stack. Its keys are public demo values, never used
-- outside a developer's machine; real properties get theirs from `npm run property -- create`.
insert into public.properties (id, name, time_zone, address, phone, email, manager_email, faqs)
values (
  'b1f3c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  'Luma Heights',
  'America/Chicago',
  '1200 Lakeshore Ave, Chicago, IL 60601',
  '+13125550142',
  'leasing@lumaheights.example',
  'pm@example.com',
  '[
    {"id": "pricing", "question": "How much is rent?", "answer": "Studios start at $1,450, one bedrooms at $1,795 and two bedrooms at $2,450 a month. Specials change weekly, so ask us on your tour!", "keywords": ["price", "pricing", "rent", "cost", "how much", "precio", "renta", "cuanto"]},
    {"id": "pets", "question": "Do you allow pets?", "answer": "Yes! Cats and dogs are welcome (two per home, breed restrictions apply). There is a $300 pet deposit and $35 monthly pet rent.", "keywords": ["pet", "pets", "dog", "dogs", "cat", "cats", "mascota", "mascotas", "perro", "gato"]},
    {"id": "parking", "question": "Is there parking?", "answer": "Garage parking is $125 a month, and there is free bike storage.", "keywords": ["parking", "garage", "car", "estacionamiento"]},
    {"id": "amenities", "question": "What amenities do you have?", "answer": "Rooftop pool, 24-hour fitness center, co-working lounge, package lockers and a dog spa.", "keywords": ["amenities", "pool", "gym", "fitness", "amenidades", "piscina"]},
    {"id": "contact", "question": "How can I talk to someone?", "answer": "Call us at (312) 555-0142 or email leasing@lumaheights.example. We are in the office Monday to Saturday, 9 AM to 6 PM.", "keywords": ["talk", "someone", "person", "call", "phone", "human", "agent", "hablar", "persona"]}
  ]'::jsonb
)
on conflict (id) do nothing;

insert into public.widget_keys (property_id, key_hash, key_hint, allowed_origins)
values ('b1f3c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        encode(extensions.digest('llwk_demo_lumaheights_4f9c2a7e1b', 'sha256'), 'hex'),
        'llwk_demo…7e1b',
        array['http://127.0.0.1:54326', 'http://localhost:54326'])
on conflict (key_hash) do nothing;

insert into public.site_secrets (property_id, secret_hash, secret_hint)
values ('b1f3c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        encode(extensions.digest('llss_demo_lumaheights_local_only_9d27f1c3', 'sha256'), 'hex'),
        'llss_demo…f1c3')
on conflict (secret_hash) do nothing;
