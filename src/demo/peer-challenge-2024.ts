/**
 * Seed 001: Oxford City Council's action plan after the Local Government Association Corporate Peer
 * Challenge — the update "Following the 9 April 2024 progress review", with its "October 2024 & final
 * update" column. Every action, target date, status and update as printed (OCR slips kept; see
 * docs/demo-notes.md for how each was read).
 */
import type { PlanDocument } from '../domain/plans/document.js';

type Row = [title: string, target: string, status: string | null, update: string];

const APRIL = '9 April 2024 progress review';
const OCTOBER = 'October 2024 & final update';

const recommendations: { code: string; title: string; bullets: string[]; actions: Row[] }[] = [
  {
    code: '1',
    title: 'Co-design shared outcomes',
    bullets: [
      "Convene the city's anchor institutions to work together in developing shared outcomes and collectively drive how these are delivered and procured.",
    ],
    actions: [
      [
        'Launch Oxford West End website – communicating our collective vision',
        '',
        'Complete',
        'The new Oxford West End website was launched in January 2024 Home - Oxford West End.',
      ],
      [
        'Establish developer-led skills and employment working group, initially for the West End',
        '',
        'Complete',
        'Budget has been identified and the Council is now working with Oxford University Developments and other interested developers to scope and establish an approach.',
      ],
      [
        'Secure funding through Future Oxfordshire (FOP) Partnership for the Oxfordshire Inclusive Economic Partnership (OIEP) manager to continue progressing work streams',
        '',
        'Complete',
        'The OIEP Partnership Manager position is now permanently in the structure.',
      ],
      [
        'Continue to participate in the four FOP Advisory groups to shape initiatives and interventions',
        '',
        'Complete',
        'The Council have senior officer representatives on each group and Member representation across each of the advisory groups.',
      ],
      [
        'Engagement with Oxford University Hospitals NHS Foundation Trust in the work they are doing to establish an Anchor Vision and anchor network allied to the OIEP',
        '',
        'Complete',
        'The Council held set-up discussions with Oxford University Hospitals and Oxfordshire County Council, and the Anchor Network was launched in February 2024 with an initial focus on procurement, employment and climate action.',
      ],
      [
        'Use Oxford Strategic Partnership (OSP) and its subgroups - Economic Growth Steering Board (EGSB), Zero Carbon Oxfordshire Partnership (ZCOP) – to inform development of our Corporate Strategy 2024-28',
        '',
        'Complete',
        "Corporate Strategy 2024-28 workshop sessions were held with the OSP, EGSB, ZCOP as well as the Oxford Children & Young People's Partnership, Communities Forum, Parish Councils Forum and other external stakeholders to inform development of the draft Strategy which is now out to public consultation.",
      ],
      [
        'Establish a delivery board for the City Centre Action Plan including agreeing terms of reference and members',
        'December 2024',
        'Ongoing',
        'A cross-sector delivery board is in the process of being established.',
      ],
      [
        'Engage in the future of Oxfordshire Local Enterprise Partnership (OxLEP) discussions to ensure the positive partnership working is continued in new model',
        '',
        'Complete',
        'Engagement with OxLEP is ongoing in respect of its new structure within the County Council. The Leader remains a Director.',
      ],
      [
        'Embed the Delivery and Place Making officer and member partnership meetings to engage on key work streams affecting Oxford',
        '',
        'Complete',
        'A meeting cycle has been established and positive meetings are embedded on an ongoing basis.',
      ],
      [
        'Develop a Place and Movement Framework for City Centre and Northern Quarter',
        'March 2025',
        'Ongoing',
        'The Council are represented on the project board and have joint officer working arrangements on this. The work continues to progress as a joint team between the City and County councils and stakeholder engagement has been taking place to inform the framework. The work is on track for completion for the target date.',
      ],
      [
        'Progress Full Business Case (FBC) and Infrastructure Place Study (IPS) to support proposals and investment bids for Cowley Branch Line (CBL)',
        'March 2025 (IPS)',
        'Ongoing',
        'A Place framework for CBL is now commissioned and the work is on track for the target completion date.',
      ],
      [
        'Complete commission for Oxford Station Masterplan to identify refined options for engagement',
        '',
        'Complete',
        'This work is now complete. Work is being undertaken to embed the findings in other frameworks and strategy and to use the information to seek funding as part of wider lobbying.',
      ],
      [
        'Deliver co-location pilot with Oxford University Hospitals (BUH) at Leys Pools & Leisure Centre',
        'April 2025',
        'Ongoing',
        "We are continuing to explore long term options with OUH, in particular with regards to their 0-19 services. Our experience is that these conversations take time (given the previous experience with Rose Hill and Barton Community Centres). In addition, we have been weaving in the new build Blackbird Leys Community Centre conversation. Designs have now been finalised ready for planning, but we will continue to also explore space options within the centre. Discussions at the Leys Leisure Centre have been positive and Partners from the Trust have been attending the Council's weekly co-working day and continue to show a committed interest in colocation and possibly some capital investment into the centre, these have not been finalised at this stage. Next Steps: Meeting with Active Lifestyles Commissioning Group in October and Leys Youth Hub. Works start in September (which help define spaces available within the site). We are also seeking to pin down Health requirements for any spaces and any funding availability. The Council collaborate with OUH NHS Trust's Here for Health Team on initiatives like Move Together and You Move referrals, attend healthy hospital events, and contribute to the Chartered Institute for the Management of Sport and Physical Activity Health subgroup.",
      ],
      [
        'Deliver smoking cessation pilot with Oxford University Hospitals NHS Foundation Trust at Barton Leisure Centre.',
        '',
        'Complete',
        "Ice Creates, commissioned by Oxfordshire County Council, delivers NHS health checks and smoking cessation services, hosting these at the Council's community and leisure centres, and supporting Oxford City Council's staff wellbeing weeks and Health Promotion events.",
      ],
      [
        'Engage with One Public Estate (OPE) team at County to itentify further opportunities',
        '',
        'Complete',
        'Engagement was completed and is on-going. Potential opportunities have been identified and the Council is working with OPE on securing feasibility funding.',
      ],
      [
        'Expand the Zero Carbon Oxford Partnership (ZCOP) to include all District Councils and key non-Oxford based institutions to better align work to deliver zero carbon objectives at city and countywide levels',
        '',
        null,
        'The ZCOP Steering Group has approved its expansion to include all Oxfordshire local authorities and non-Oxford based institutions. The Oxfordshire Chief Executives group have endorsed this and work to implement the expansion is now underway',
      ],
    ],
  },
  {
    code: '2',
    title: 'Prioritisation',
    bullets: [
      "Match the Council's ambitious plans to the resources required for their delivery. Be deliberate about adding and removing projects when something new is added.",
      "Strategically sequence the council's projects. Look to upskill and agilely move around staff to resource priorities.",
    ],
    actions: [
      [
        'Support stronger prioritisation through review of Corporate Strategy 2024/2028, focusing on things which have biggest impact on delivering against priorities',
        '',
        'Complete',
        'A slimmer Corporate Strategy has now been approved by Council for 2024/2028 than the previous 2020/2024 document. It focuses on the key outcomes the Council wishes to achieve.',
      ],
      [
        'Ensure new commitments in Medium Term Financial Plan (MTFP) 2024/25 include full assessment of capacity and resources required to deliver',
        '',
        'Complete',
        'New commitments are carefully managed within the narrowing funding envelope of the 2024/28 MTFP, achieving a balanced budget over the four-year period. There is now a commitment to further detailed reviews to achieve targeted cost savings in Communities and ODS from 2025/26 onwards.',
      ],
      [
        'Take a more robust approach to stopping or re-profiling projects where capacity needs to be re-prioritised and communicate clearly with members when this needs to happen',
        '',
        'Complete',
        'The more robust approach to stopping/re-profiling projects is now embedded. The Cave Street project has stopped. The Town Hall Phase 2 project paused pending additional resources. An ICT project prioritisation plan was agreed with the Corporate Management Team and Heads of Service.',
      ],
      [
        'Corporate PMO to provide flexible resource to support projects',
        '',
        'Complete',
        "Funding is included in the agreed Council's 2024/25 Budget.",
      ],
      [
        'Assessment of roles across organisation with transferable skills that could be used more flexibly',
        'March 2025',
        'Ongoing',
        'Work has commenced with the creation of an Action Plan responding to the 2024 Employee Engagement Survey including a number of measures to boost personal and career development. Phase 2 in 2025-26 will focus on increasing flexibility around recruitment linking this with opportunity to build skills internally through training/apprenticeships.',
      ],
      [
        'A focused Fit for the Future team post March 2024 will ensure priority change programmes continue',
        '',
        'Complete',
        'A permanent team has now been appointed.',
      ],
    ],
  },
  {
    code: '3',
    title: 'Corporate Centre/ Programme management office',
    bullets: [
      'Ensure there is corporate control on the many projects the Council is progressing.',
      "Consider making permanent the current PMO structure and invest in the Council's project management specialists.",
      'Look to upskill and equip staff with the necessary training for performance and project management.',
      "A team based within the corporate centre of the organisation should oversee the Council's multiple projects including the Fit for the Future change projects, savings programme, capital programme and the IT improvements. This will help the council in maintaining a corporate grip on project progress and see developments in the round.",
    ],
    actions: [
      [
        'The well-established Capital PMO, supporting Development Board, will continue, working with the corporate PMO through a matrixed arrangement',
        '',
        'Complete',
        'Corporate PMO has been established and is working well with the existing capital PMO.',
      ],
      [
        'Budget for a small corporate PMO is within the current Medium Term Financial Plan (MTFP) process',
        '',
        'Complete',
        'Budget is within the current MTFP.',
      ],
      [
        'Project management skills development will be launched',
        '',
        'Complete',
        'Basic Project Management skills training is now available for all colleagues, led by PMO staff. More targeted training will be offered in the autumn.',
      ],
    ],
  },
  {
    code: '4',
    title: 'Performance management',
    bullets: [
      'The Council should refresh its performance management framework in line with the new Council Strategy. This framework should be linked to outcomes.',
      'The Council should look to use data more intelligently to improve service quality. A consistent performance and data-driven culture needs to be embedded.',
    ],
    actions: [
      [
        'Preferred Corporate KPIs selected for reporting against 2024/28 Corporate Strategy',
        '',
        'Complete',
        'A full suite of Corporate KPIs and targets for 2024/28 was agreed by Cabinet in September.',
      ],
      [
        'Preferred Operational KPIs selected for reporting against to support service delivery',
        'December 2024',
        'Ongoing',
        'A more focused set of operational KPIs and monitoring framework is being developed for delivery across the Council.',
      ],
      [
        'Create performance dashboard and automate using Power BI.',
        'December 2024',
        'Ongoing',
        'New reporting dashboards are being commissioned to enable effective monitoring of KPIs.',
      ],
      [
        'BIU to review use of tools such as Local Government Association Inform across council and raise awareness of data available',
        '',
        'Complete',
        "LG Inform is being used alongside new metrics provided by OFLOG and the Housing & Local Government Ombudsman to guide the Council's use of data around its operations.",
      ],
      [
        'Upweight inclusive economy campaign to better communicate regen and development work across the city about how it is benefiting the city and residents',
        '',
        'Complete',
        'A dedicated Communications Officer has been appointed to support Inclusive Economy campaigns and a new upweighted campaign programme is being implemented for the 2024/25 Council year.',
      ],
    ],
  },
  {
    code: '5',
    title: 'Leveraging and communicating the regeneration',
    bullets: [
      'The Council should continue and go further with its inclusive economy campaign. Seeking to inform and demonstrate how the exciting regeneration projects can benefit all local residents.',
    ],
    actions: [
      [
        'Link to work underway to develop a "Place Narrative" for Oxfordshire, communicating the local benefits of regeneration and development',
        '',
        'Complete',
        'The Place narrative is now complete and will be used to support future communications and narrative on regeneration projects.',
      ],
      [
        'Focus on how we engage our communities in our work on regeneration – to help shape what we are trying to achieve, and get partners / anchor institutions on board with the narrative',
        'March 2025',
        'Ongoing',
        "The role of localities managers in regeneration and capital projects are currently under review as part of the broader community services evaluation. This needs to be integrated into the council's overall priorities and localities work review. This process is ongoing. In the meantime, Locality Managers and Regeneration Managers continue to work together on major schemes e.g. the former Odeon and BBL Regeneration to engage with community groups and help shape proposals",
      ],
      [
        'Establish a partnership group of developers and landowners to look to co-ordinate and produce a framework for working on Community Employment Planning',
        '',
        'Complete',
        'A Skills Working Group as part of the Oxford Economic Steering Board has been set up which will focus on City Skills. It will be led by Activate Learning and will engage a coalition of the willing developers and others to work to develop this framework. The City Council has put £10,000 of the UKSPF allocation to support this groups work in progressing. The target for initial outcomes will be end of March 2025 but the work will be ongoing beyond that as it will build over time as more of the developers come on board and Community Employment Plans increase.',
      ],
    ],
  },
  {
    code: '6',
    title: 'Organisational structure',
    bullets: [
      'When looking at the organisational structure the Council should have an outcome-focused mindset, using its data to drive policy and performance.',
      'The Council should use its resources flexibly to allow for agility in serving the delivery of projects.',
      'Recruitment, retention and progression should be at the forefront when considering an organisational structure.',
    ],
    actions: [
      [
        'There is a further £1 million saving within the Medium-Term Financial Plan on management costs. Proposals for the next stage will be brought forwards early 2024 and clearly align structure to outcomes in a sustainable manner.',
        'March 2025',
        'Ongoing',
        '£400k of the £1.4million target has been delivered. Options relating to a senior level restructure are being published in the autumn.',
      ],
      [
        'Future iterations of our change capacity to continue to utilise internal resource creatively. Internal progression opportunities are a priority within the People Strategy',
        '',
        'Complete',
        'Fit for The Future will continue to utilise internal resource.',
      ],
    ],
  },
  {
    code: '7',
    title: 'Hybrid working / IT infrastructure',
    bullets: [
      "The Council's IT systems need to be improved; this is particularly important now most staff are remotely based.",
      'The Council should look to put on more in-person events and team meetings, providing reasons for staff to come into the office.',
      'The team principles for hybrid working are important and should be refreshed and emphasised regularly.',
    ],
    actions: [
      [
        'Capital budget bids to support improvements to ways of working and our systems are included within this budget round. Provision for improved Wi-Fi connectivity within the Town Hall is funded',
        '',
        'Complete',
        'The Capital Budget and Medium-Term Financial Plan include the necessary allocations to support the Technology and ICT programmes. The Town Hall Wi-Fi project is fully funded.',
      ],
      [
        'Phase 2 of the Town Hall – set out the long-term vision of the Town Hall facilities and use',
        'December 2025',
        'Ongoing',
        'New Project Manager has now started. Project Implementation Document now being drafted and internal bid for feasibility funds being developed.',
      ],
      [
        'OneDrive and SharePoint implementation',
        'March 2025',
        'Ongoing',
        'Onedrive implementation has been completed. A specialist consultant report is awaited regarding the Sharepoint implementation, which will likely be early autumn.',
      ],
      [
        'Team priorities quarterly reviews will be encouraged',
        '',
        'Complete',
        'Regular communications go out on Team Principles and a Leadership Conversation on Smarter Working included a session on this.',
      ],
      [
        'Improved capacity, resilience and development of our ICT support team',
        '',
        'Complete',
        'Recruitment to key positions has been positive, with a number of internal promotions and staff moving to permanent contracts. An improvement plan for the service desk has been implemented. The prioritised project plan and Front Door of Change are managing demand, and an ICT Board has been established to coordinate delivery.',
      ],
      [
        'Set expectations for in person team meetings for all teams',
        '',
        'Complete',
        "Updated guidance has been provided to managers and staff encouraging a regular cycle of in person team meetings and rolling programme to refresh all teams' Team Principles which set out their working preferences. Large teams given priority booking arrangements for large Town Hall rooms.",
      ],
      [
        'Internal communications campaign to promote in person collaboration and ways to bring people together',
        '',
        'Complete',
        "A Leadership conversation (a forum of c100 council managers) was delivered on flexible working. Staff were encouraged to look at ways of working together. Six managers shared what works for their teams to create opportunities for informal interaction and bring people together to build relationships. 70 managers took part in breakout rooms, sharing and discussing their ideas. Open Door (regular updates with members of the executive team open to all staff) attendances average around 35 and attendance is growing. Let's Talk (all staff informal briefings) attendance is always over 100. A full staff conference staff is planned over two days in April 2024 bringing together c650 people face to face, promoting collaborative working across all service areas.",
      ],
      [
        'Encourage more visibility in the office of Corporate Management Team (CMT) and heads of Service',
        '',
        'Complete',
        "Monthly in-person and locality visits by the Corporate Management Team (CMT) are now a standard practice. Additionally, CMT has introduced 'Open Door' sessions to encourage more direct communication. Pilot 'back to the frontline' initiatives are also being sought.",
      ],
    ],
  },
  {
    code: '8',
    title: 'Corporate Management Team (CMT) and Cabinet',
    bullets: [
      'Forward plan meetings between the CMT and Cabinet to co-design policy and keep all Cabinet members informed of projects across the Council.',
    ],
    actions: [
      [
        'Reinstate regular and structured Corporate Management Team and Cabinet briefing meetings',
        '',
        'Complete',
        'This has been done with meetings taking place monthly. The Corporate Management Team also attend the weekly leaders meeting and the full cabinet leader briefing.',
      ],
      [
        "Implement one Leader's Meeting a month as an invite for full Cabinet",
        '',
        'Complete',
        'This is in place and diarised each month.',
      ],
    ],
  },
  {
    code: '9',
    title: 'Member development',
    bullets: [
      'In preparing for the May 2024 member induction process, the Council needs to strengthen its training provision for new and existing members.',
      'Training should also be developed for new and existing Cabinet members.',
      'An annual Cabinet development day should be considered. In strengthening the member development programme, the Council is building capacity and expertise for the future.',
    ],
    actions: [
      [
        'प्रे dertake an audit/ canvas of what training members want/ need',
        'December 2024',
        'Ongoing',
        'Owing to the general election some of the induction sessions are still outstanding. The full audit will be conducted once the training sessions have completed post summer though feedback is continually being sought and provided by members as they attend the sessions. In addition where there are key topics for the Council the team are promoting LGA sessions to members.',
      ],
      [
        'Actively promote training and development opportunities to Members (Local Government Association resources and training) via weekly update',
        '',
        'Complete',
        'LGA training courses and other training opportunities for councillors are routinely communicated to all Members in the weekly update.',
      ],
      [
        'Review and redevelopment of the member induction training programme',
        '',
        'Complete',
        'The Member induction programme, is ongoing due to the general election causing delay, and is proving very successful. A market stall event for Members was very well received by staff and members alike and we are exploring how we can do further targeted events throughout the municipal year.',
      ],
    ],
  },
  {
    code: '10',
    title: 'The Oxford Model',
    bullets: [
      'As with any model of delivery, it is important the Council regularly and systematically assures itself it is getting value for money, quality of service and achievement of its intended outcomes. The Council should look to benchmark itself with other councils with wholly owned companies and consider an independent review to gain assurance on value for money and service quality.',
      'Ensure there is an alignment between the Council Strategy and the business plans of the wholly owned companies.',
      'The Council should strengthen its client arrangements. This would then act as a mechanism to prevent the escalation of operational matters to the shareholder.',
      "The Council should deliver communications and dedicated training for all on the reasons for and the intended benefits of the Oxford Model. This will strengthen the organisation's understanding of the approach the council has taken.",
    ],
    actions: [
      [
        'Recruit to permanent strategic commissioning and clienting role',
        'December 2024',
        'Ongoing',
        "Following an interim placement, we are in the process of recruiting a permanent Commissioning and Clienting Manager. The postholder will develop and oversee OCC's C&C arrangements with ODS; support OCC's service leads to successfully client and deliver commissions; and foster effective working between the OCC and ODS.",
      ],
      [
        'Psevelop and publish an agreed definition of the Oxford Model, identifying shared values and purpose',
        'September 2024',
        'Ongoing',
        "An updated definition of the Oxford Model is being finalised for publication on the Council's website.",
      ],
      [
        'Undertake review of commissioning and clienting arrangements and develop strategic framework for commissioning',
        '',
        'Complete',
        "OCC's commissioning and clienting arrangements for ODS have been reviewed across GF and HRA services. New arrangements have been developed and will be introduced for the HRA as part of new 5-year investment plans; and for GF services in the April 2025 alongside the completion of the ODS commissioned services review.",
      ],
      [
        'Clarify role, responsibilities of Oxford City Council clients as part of appraisal objectives',
        '',
        'Complete',
        'Oxford City Council clients have now been identified for all ODS LATCo services.',
      ],
      [
        'Review company governance against recently published LATCo guidance to ensure best practice is embedded',
        '',
        'Complete',
        'The review has been undertaken. Scrutiny has been reviewed and we are pending the first few meetings of the new arrangements to see how they are working in practice. Advance oversight of the decisions coming from the companies has improved and is has meant the existing collaboration with OCC Officers has improved further. The next stage is around the review of the key documentation. The new chair of the ODS board commences this month so it will be discussed with her in regard to timelines and actions.',
      ],
      [
        'Work with ODS and OX Place on development of model to respond to changes in council funding streams',
        'December 2024',
        'Ongoing',
        'ODS Clienting and Budget reviews continue and are interdependent. There is line of sight as to the 2025/2026 ODS budget savings. A work programme is being established to work through longer-term clienting and commissioning objectives. HRA Business Plan review is also progressing.',
      ],
      [
        'Ensure a single budget setting timetable is understood by all parties',
        '',
        'Complete',
        'The timetable was communicated to all Heads of Service and Corporate Management Team. The plan was generally achieved on time resulting in a Consultation Budget published in December and the final budget in February.',
      ],
    ],
  },
];

export const PEER_CHALLENGE_TITLE = 'LGA Corporate Peer Challenge action plan';

export const peerChallengePlan: PlanDocument = {
  plan: {
    kind: 'improvement',
    basis: 'peer-challenge',
    title: PEER_CHALLENGE_TITLE,
    source: 'Local Government Association Corporate Peer Challenge',
    organisation: 'Oxford City Council',
    owner: null,
    description:
      "Appendix One: the Council's Action Plan update (following the 9 April 2024 progress review), with the October 2024 & final update.",
    strategy: null,
  },
  themes: [],
  recommendations: recommendations.map((r) => ({ code: r.code, title: r.title, bullets: r.bullets })),
  findings: [],
  reviews: [
    { title: APRIL, date: '2024-04-09' },
    { title: OCTOBER, date: '2024-10-31' },
  ],
  actions: recommendations.flatMap((r) =>
    r.actions.map(([title, target, status, update], i) => ({
      code: `${r.code}.${i + 1}`,
      recommendation: r.code,
      title,
      target: target || null,
      status,
      updates: [{ review: OCTOBER, status, text: update }],
    })),
  ),
};
